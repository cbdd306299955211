module example.com/movies-service

go 1.19
